/** This process's CPU time (user + system) since `since`, in microseconds: a load generator's own cost. */
export function generatorCpu(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);
  return user + system;
}
