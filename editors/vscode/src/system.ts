// The controller's `System` on Node: the real file system and process.

import * as fs from 'node:fs';
import * as os from 'node:os';

import type { System } from './controller';

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isExecutableFile(p: string): boolean {
  if (!isFile(p)) {
    return false;
  }
  if (process.platform === 'win32') {
    return true;
  }
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export const nodeSystem: System = {
  platform: process.platform,
  arch: process.arch,
  homeDir: () => os.homedir(),
  pathEnv: () => process.env.PATH,
  isFile,
  isExecutableFile,
  readTextFile: (p) => {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
  makeExecutable: (p) => {
    try {
      fs.chmodSync(p, 0o755);
    } catch {
      // read-only install: discovery reports it as not usable
    }
  },
};
