/**
 * socket.io as pinned by the newest @nestjs/platform-socket.io of each major. The app declares it
 * for its types; a different version would install a second copy and break the `Server` types
 * (nestjs/nest#11174), so the pin of the installed platform package wins when there is one.
 */
const SOCKET_IO_PIN_BY_NEST_MAJOR: Record<number, string> = { 10: '4.8.1', 11: '4.8.3', 12: '4.8.3' };

export function socketIoDependencies(nestMajor: number, installedPin?: string): Record<string, string> {
  return {
    '@nestjs/platform-socket.io': `^${nestMajor}.0.0`,
    '@nestjs/websockets': `^${nestMajor}.0.0`,
    'socket.io': installedPin ?? SOCKET_IO_PIN_BY_NEST_MAJOR[nestMajor] ?? SOCKET_IO_PIN_BY_NEST_MAJOR[12],
  };
}
