import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The Console is served by Guildhall at /console; in development, Vite proxies Guildhall's
// own endpoints to a running server (GUILDHALL_URL, default http://localhost:3001).
const target = process.env.GUILDHALL_URL ?? 'http://localhost:3001';

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: {
      '/api': target,
      '/oidc': target,
      '/console-setup': target,
      '/sign-in': target,
    },
  },
});
