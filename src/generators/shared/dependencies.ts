import type { ProjectInfo } from '../../project/detect';
import type { DependencyWish } from '../../project/dependency-ranges';

/**
 * socket.io as pinned by the newest @nestjs/platform-socket.io of each major. The app declares it
 * for its types; a different version would install a second copy and break the `Server` types
 * (nestjs/nest#11174), so the pin of the installed platform package wins when there is one.
 */
const SOCKET_IO_PIN_BY_NEST_MAJOR: Record<number, string> = { 11: '4.8.3', 12: '4.8.3' };

type NestProject = Pick<ProjectInfo, 'nestMajor'>;
type NestPackage = '@nestjs/websockets' | '@nestjs/platform-socket.io' | '@nestjs/platform-ws';

/**
 * The newest release of each @nestjs/* package ws-scaffold adds, per major: what an exact pin
 * names. Nest publishes a package only when it changed, so the installed @nestjs/core's version
 * need not exist for the others.
 */
const NEST_PACKAGE_PINS: Record<number, Record<NestPackage, string>> = {
  11: { '@nestjs/websockets': '11.2.6', '@nestjs/platform-socket.io': '11.2.6', '@nestjs/platform-ws': '11.2.6' },
  12: { '@nestjs/websockets': '12.1.1', '@nestjs/platform-socket.io': '12.1.0', '@nestjs/platform-ws': '12.1.1' },
};

/** A @nestjs/* package of the project's major. */
export const nestPackage = (project: NestProject, name: NestPackage): DependencyWish => ({
  ranges: [`^${project.nestMajor}.0.0`],
  exact: NEST_PACKAGE_PINS[project.nestMajor]?.[name],
});

export function socketIoDependencies(project: NestProject, installedPin?: string): Record<string, DependencyWish> {
  return {
    '@nestjs/platform-socket.io': nestPackage(project, '@nestjs/platform-socket.io'),
    '@nestjs/websockets': nestPackage(project, '@nestjs/websockets'),
    // A socket.io 4 the project already declares is kept: the generated code needs no more.
    'socket.io': { ranges: [installedPin ?? SOCKET_IO_PIN_BY_NEST_MAJOR[project.nestMajor] ?? SOCKET_IO_PIN_BY_NEST_MAJOR[12]], accepts: '^4.0.0' },
  };
}

/**
 * What the shared files import. class-validator 0.15 first; 0.14 (the same decorators) when an
 * installed package's peer range stops at it, as @nestjs/mapped-types < 2.1 does.
 */
export const VALIDATION_DEPENDENCIES: Record<string, DependencyWish> = {
  'class-transformer': { ranges: ['^0.5.1'] },
  'class-validator': { ranges: ['^0.15.1', '^0.14.0'] },
};

/** The client the typed client file and the e2e specs import (devDependencies). */
export const SOCKET_IO_CLIENT_DEPENDENCY: Record<string, DependencyWish> = { 'socket.io-client': { ranges: ['^4.8.1'] } };

export const THROTTLER_DEPENDENCY: Record<string, DependencyWish> = { '@nestjs/throttler': { ranges: ['^6.7.1'] } };
