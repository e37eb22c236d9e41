import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// `vite build --config portal/vite.config.ts` from the repository root: the portal is its own Vite root,
// built into portal/dist, which the local runtime serves at / and the CDK stack uploads behind CloudFront.
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      output: {
        // the charts are only for fund administrators; households on phones never download them
        manualChunks: (id) =>
          id.includes('node_modules/echarts') || id.includes('node_modules/zrender') ? 'charts' : undefined,
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
