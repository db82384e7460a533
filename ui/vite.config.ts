import { defineConfig } from 'vite';

// The API serves the built console; in `npm run dev --workspace ui` Vite proxies API calls to it.
export default defineConfig({
  server: {
    proxy: {
      '/graphql': 'http://127.0.0.1:4000',
      '/auth': 'http://127.0.0.1:4000',
      '/livez': 'http://127.0.0.1:4000',
      '/readyz': 'http://127.0.0.1:4000',
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      onwarn(warning, warn) {
        // React Server Components' "use client" markers mean nothing in a client-only bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
