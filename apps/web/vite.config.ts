import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The console talks to the server on the same origin; in dev, Vite forwards `/api`
// (HTTP and the live WebSocket at /api/live) to the server started with `pnpm start`.
const API_TARGET = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target: API_TARGET, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/testing/setup.ts'],
    unstubGlobals: true,
    restoreMocks: true,
  },
});
