import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes `.br` and `.gz` next to every compressible asset, once at build time. Guildhall serves
 * them to browsers that accept the encoding (server/src/console/static.ts), so nothing is
 * compressed per request.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'guildhall-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const assets = path.join(outDir, 'assets');
      for (const name of fs.readdirSync(assets)) {
        if (!/\.(js|css|svg)$/.test(name)) continue;
        const file = path.join(assets, name);
        const content = fs.readFileSync(file);
        if (content.length < 1024) continue;
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(content, { level: 9 }));
      }
    },
  };
}

// The Console is served by Guildhall at /console; in development, Vite proxies Guildhall's
// own endpoints to a running server (GUILDHALL_URL, default http://localhost:3001).
const target = process.env.GUILDHALL_URL ?? 'http://localhost:3001';

export default defineConfig({
  base: '/console/',
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: {
      output: {
        // Pages are split by route (React.lazy in app.tsx), and the bundler splits the rest by
        // use. React and its router get a chunk of their own: it changes less often than the
        // Console, so an upgrade that touches only the Console keeps it cached (assets are
        // immutable, named by content hash). Mantine is left to the bundler, so that components
        // only some pages use load with those pages.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler|cookie|set-cookie-parser)[\\/]/, priority: 20 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': target,
      '/oidc': target,
      '/console-setup': target,
      '/sign-in': target,
    },
  },
});
