/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The gateway serves the built files at / (gateway/README.md, "Web app"); `npm run dev` proxies the API to a
// gateway on 8080 (deploy/all-in-one/run), so the dev server behaves like the real origin.
const gateway = process.env.PULSE_GATEWAY_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: gateway, changeOrigin: true },
      '/app-config.json': { target: gateway, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // maps for debugging builds locally; not shipped (the Maven build leaves *.map out of the jar)
    sourcemap: 'hidden',
    // the budget (scripts/check-budget.mjs) is what counts; this only silences Vite's generic warning
    chunkSizeWarningLimit: 400,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (/node_modules\/(react|react-dom|scheduler|react-router)\//.test(id)) return 'react';
          if (/node_modules\/(@tanstack|i18next|react-i18next|oidc-client-ts|jwt-decode|openapi-fetch)\//.test(id)) return 'platform';
          return undefined;
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: { modules: { classNameStrategy: 'non-scoped' } },
  },
});
