// Preloaded with `node --require` into a measured child: on exit it writes the process's peak resident set size
// (getrusage's maxrss, in bytes) to the file named by BENCH_PEAK_RSS_FILE. Worker threads share the process, so
// only the main thread reports.
const { isMainThread } = require('node:worker_threads');
const { writeFileSync } = require('node:fs');

const file = process.env.BENCH_PEAK_RSS_FILE;
if (isMainThread && file) {
  process.on('exit', () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
  });
}
