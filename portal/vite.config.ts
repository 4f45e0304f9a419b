import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // The pure standards modules of @wage/cn (USCC, money) are shared with the services as source.
    alias: { '@wage/cn/src': fileURLToPath(new URL('../packages/cn/src', import.meta.url)) },
  },
  server: { host: '127.0.0.1', port: 5173, proxy: { '/api': gateway } },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    // Two entries: the staff portal, and the workers' pages (/s/*, /track), which never load the staff bundle.
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        worker: fileURLToPath(new URL('worker.html', import.meta.url)),
      },
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
  },
});
