import { defineConfig } from 'vite';

/** Where `vite dev` forwards /api; start the real server there (`npx policy-kg serve`). */
const DEV_API_TARGET = process.env.KG_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: 'web',
  // Relative asset URLs, so the build also works when served under a sub-path.
  base: './',
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // cytoscape is large, but it lives in the lazily loaded graph chunk.
    chunkSizeWarningLimit: 1000, // kB
  },
  server: {
    proxy: { '/api': DEV_API_TARGET },
  },
});
