// Stopping an application started as a child process by a test, the way a user's supervisor would.

/**
 * SIGTERM (unless the child has exited already), then SIGKILL after `graceMs`; resolves with what
 * `exited` resolves with (the exit code, or whatever the caller's promise gives).
 */
export async function stopChild(child, exited, graceMs = 10000) {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    return await exited;
  } finally {
    clearTimeout(t);
  }
}
