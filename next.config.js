// The same headers go on every answer of Hangar's API router (server/http/api-router.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- next.config.js is CommonJS
const securityHeaders = require('./server/http/security-headers.json');

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and Node-only packages are loaded from node_modules, not bundled.
  serverExternalPackages: ['better-sqlite3', 'pg', 'ws', '@peculiar/x509', 'reflect-metadata', 'kysely'],
  typedRoutes: false,
  async headers() {
    return [
      {
        source: '/:path*',
        headers: Object.entries(securityHeaders).map(([key, value]) => ({ key, value })),
      },
    ];
  },
};

module.exports = nextConfig;
