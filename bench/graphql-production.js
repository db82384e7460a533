// Preloaded (--require) into the API processes bench:api starts with --processes: graphql-js
// decides at its first import whether to run its development checks, from NODE_ENV. The API's
// configuration must see NODE_ENV=test (the local token issuer is refused in production), so
// graphql-js is loaded here under NODE_ENV=production, as the Dockerfile runs it, and NODE_ENV
// is put back for the configuration.
const previous = process.env.NODE_ENV;
process.env.NODE_ENV = 'production';
require('graphql');
process.env.NODE_ENV = previous;
