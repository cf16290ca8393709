// Read by `cem analyze` (run by the build from this folder).
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/testing/**'],
  outdir: 'dist',
  litelement: true,
};
