import { defineConfig } from 'vite';

// The API serves the built console; in `npm run dev --workspace ui` Vite proxies API calls to it.
export default defineConfig({
  server: {
    proxy: {
      '/graphql': 'http://127.0.0.1:4000',
      '/auth': 'http://127.0.0.1:4000',
      '/livez': 'http://127.0.0.1:4000',
      '/readyz': 'http://127.0.0.1:4000',
      // The region screen's CSV download.
      '/exports': 'http://127.0.0.1:4000',
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // ECharts (line and map charts, SVG renderer) is about 640 kB minified, 216 kB gzipped, in a
    // chunk of its own that loads with the first chart, after the shell.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: [{ name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ }] },
      },
      onwarn(warning, warn) {
        // React Server Components' "use client" markers mean nothing in a client-only bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
