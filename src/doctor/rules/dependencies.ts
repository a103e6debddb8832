import { majorOf } from '../packages';
import { defineRule, type Hit } from '../rule';

export const websocketsPackageMissing = defineRule({
  id: 'websockets-package-missing',
  severity: 'error',
  title: 'the project has gateways but not the packages that run them',
  rationale:
    'Gateways need @nestjs/websockets and a platform: @nestjs/platform-socket.io (the default) or @nestjs/platform-ws. Without the platform, ' +
    'Nest stops at start-up with "No driver (WebSockets) has been selected"; without @nestjs/websockets the gateway does not compile. ' +
    '`nest g gateway` writes the gateway but adds neither.',
  fix: 'install them at the Nest major of @nestjs/core (ws-scaffold add-gateway <name> adds and installs them)',
  example: 'npm install @nestjs/websockets@^11 @nestjs/platform-socket.io@^11',
  sources: ['docs.nestjs.com websockets/gateways (Installation)', 'nestjs/nest packages/websockets/socket-module.ts'],
  check(project) {
    if (project.gateways.length === 0) return [];
    const wanted = ['@nestjs/websockets', project.transport === 'ws' ? '@nestjs/platform-ws' : '@nestjs/platform-socket.io'];
    const missing = wanted.filter((name) => project.packages.declared[name] === undefined);
    if (missing.length === 0) return [];
    const major = majorOf(project.packages, '@nestjs/core');
    return [{ file: 'package.json', line: project.packages.line(), message: `${project.gateways.length} gateway(s), but package.json lacks ${missing.join(' and ')}`, fix: `npm install ${missing.map((m) => (major ? `${m}@^${major}` : m)).join(' ')} (or ws-scaffold add-gateway <name>, which adds them)` }];
  },
});

export const socketIoVersionMismatch = defineRule({
  id: 'socket-io-version-mismatch',
  severity: 'error',
  title: 'socket.io differs from the version @nestjs/platform-socket.io pins',
  rationale:
    '@nestjs/platform-socket.io depends on one exact socket.io version. An app that declares another one (for its types) gets two copies: the ' +
    "app's Server type is not the one Nest creates (\"Types of property 'sockets' are incompatible\"), and adapters or middleware may bind to the " +
    'wrong copy.',
  fix: "declare socket.io at exactly the version @nestjs/platform-socket.io pins, then npm ls socket.io shows one copy (ws-scaffold add-gateway pins it)",
  example: '"socket.io": "4.8.3"  // = node_modules/@nestjs/platform-socket.io/package.json dependencies["socket.io"]',
  sources: ['nestjs/nest#11174'],
  check(project) {
    const { packages } = project;
    const pin = packages.installed('@nestjs/platform-socket.io')?.dependencies?.['socket.io'];
    if (!pin || !/^\d+\.\d+\.\d+$/.test(pin)) return [];
    const installed = packages.installed('socket.io')?.version;
    const nested = packages.installed('@nestjs/platform-socket.io/node_modules/socket.io')?.version;
    const declared = packages.declared['socket.io'];
    // Only an app that depends on socket.io itself (for its types) can hold the other copy.
    if (declared === undefined) return [];
    const line = packages.line('socket.io');
    if (installed && installed !== pin) {
      return [{ file: 'package.json', line, message: `socket.io ${installed} is installed, but @nestjs/platform-socket.io pins ${pin}${nested ? ' and has its own copy: two socket.io copies' : ''}`, fix: `declare "socket.io": "${pin}" and reinstall` }];
    }
    if (!installed && /^\d+\.\d+\.\d+$/.test(declared) && declared !== pin) {
      return [{ file: 'package.json', line, message: `socket.io ${declared} is declared, but @nestjs/platform-socket.io pins ${pin}`, fix: `declare "socket.io": "${pin}"` }];
    }
    return [];
  },
});

/** The packages of the framework itself, released together at one major (not config, jwt, throttler, cli...). */
export const FRAMEWORK_PACKAGES = [
  '@nestjs/common',
  '@nestjs/core',
  '@nestjs/websockets',
  '@nestjs/platform-socket.io',
  '@nestjs/platform-ws',
  '@nestjs/platform-express',
  '@nestjs/platform-fastify',
  '@nestjs/microservices',
  '@nestjs/testing',
];

export const nestMajorsMixed = defineRule({
  id: 'nest-majors-mixed',
  severity: 'error',
  title: '@nestjs framework packages of different majors',
  rationale:
    '@nestjs/common, core, websockets and the platforms are released together and peer on one major. A @nestjs/websockets of another major ' +
    'than @nestjs/core brings its own @nestjs/core or common: gateways are scanned by a different copy, decorators are not recognised, and ' +
    'types do not match.',
  fix: 'put every @nestjs framework package on the major of @nestjs/core (ws-scaffold add-gateway adds the websockets packages at that major)',
  example: '"@nestjs/core": "^11.0.1",\n"@nestjs/websockets": "^11.0.1",\n"@nestjs/platform-socket.io": "^11.0.1"',
  sources: ['nestjs/nest#1676'],
  check(project) {
    const { packages } = project;
    const core = majorOf(packages, '@nestjs/core');
    if (core === undefined) return [];
    return FRAMEWORK_PACKAGES.filter((name) => packages.declared[name] !== undefined).flatMap((name): Hit[] => {
      const major = majorOf(packages, name);
      return major !== undefined && major !== core
        ? [{ file: 'package.json', line: packages.line(name), message: `${name} is at major ${major}, @nestjs/core at ${core}`, fix: `move ${name} to ^${core}` }]
        : [];
    });
  },
});
