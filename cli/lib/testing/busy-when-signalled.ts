// A process like a grading worker in the middle of a batch: its event loop is busy in 150 ms stretches,
// and its SIGTERM handler needs a while to clean up (as removing warm containers does) before it exits.
const busy = (ms: number) => {
  const until = Date.now() + ms
  while (Date.now() < until);
}
process.on('SIGTERM', () => {
  process.stdout.write('stopping\n')
  setTimeout(() => {
    process.stdout.write('stopped cleanly\n')
    process.exit(0)
  }, 200)
})
let stretches = 0
setInterval(() => {
  busy(150)
  // Once settled in (tsx's loader connects to the `tsx` command, when there is one, after the start).
  if (++stretches === 5) process.stdout.write('ready\n')
}, 160)
