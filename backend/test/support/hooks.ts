import { stopMariaDb } from './mariadb';

/** Root hooks: the MariaDB that some suites start is stopped once, after every suite. */
export const mochaHooks = {
  afterAll(): void {
    stopMariaDb();
  },
};
