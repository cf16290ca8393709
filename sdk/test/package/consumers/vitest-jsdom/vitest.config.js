export default { test: { environment: 'jsdom', include: ['test/**/*.test.js'], setupFiles: ['test/setup.js'] } };
