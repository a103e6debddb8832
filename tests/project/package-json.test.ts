import { describe, expect, it } from 'vitest';
import { ensureDependencies } from '../../src/project/package-json';

describe('ensureDependencies', () => {
  it('inserts in alphabetical order and touches nothing else', () => {
    const text = '{\n  "name": "x",\n  "dependencies": {\n    "@nestjs/core": "^11.0.1",\n    "rxjs": "^7.8.1"\n  },\n  "scripts": {}\n}\n';
    const result = ensureDependencies(text, { 'socket.io': '4.8.3', '@nestjs/websockets': '^11.0.0' });
    expect(result.text).toBe(
      '{\n  "name": "x",\n  "dependencies": {\n    "@nestjs/core": "^11.0.1",\n    "@nestjs/websockets": "^11.0.0",\n    "rxjs": "^7.8.1",\n    "socket.io": "4.8.3"\n  },\n  "scripts": {}\n}\n',
    );
    expect(result.added).toEqual(['socket.io', '@nestjs/websockets']);
  });

  it('keeps a version the project already declares, in either section', () => {
    const text = '{ "dependencies": {}, "devDependencies": { "socket.io": "^4.7.0" } }';
    const result = ensureDependencies(text, { 'socket.io': '4.8.3' });
    expect(result.text).toBe(text);
    expect(result.kept).toEqual([{ name: 'socket.io', range: '^4.7.0' }]);
  });

  it('creates the section when missing and keeps tabs and CRLF', () => {
    const text = '{\r\n\t"name": "x"\r\n}\r\n';
    const result = ensureDependencies(text, { '@nestjs/websockets': '^12.0.0' });
    expect(result.text).toBe('{\r\n\t"name": "x",\r\n\t"dependencies": {\r\n\t\t"@nestjs/websockets": "^12.0.0"\r\n\t}\r\n}\r\n');
  });
});
