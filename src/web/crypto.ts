/**
 * The few `node:crypto` calls of the editor layer, for the web build (esbuild aliases `node:crypto`
 * here when it bundles dist/web/extension.js): md5 of a download (spark-md5, incremental) and random
 * bytes for webview nonces (Web Crypto). The node build never includes this file.
 */
import SparkMD5 from 'spark-md5';

export interface WebHash {
  update(data: Uint8Array): WebHash;
  digest(encoding: 'hex'): string;
}

export function createHash(algorithm: string): WebHash {
  if (algorithm.toLowerCase() !== 'md5') throw new Error(`${algorithm} is not available in the web build`);
  const md5 = new SparkMD5.ArrayBuffer();
  const hash: WebHash = {
    update(data) {
      // spark-md5 reads an ArrayBuffer: copy exactly this view's bytes.
      md5.append(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
      return hash;
    },
    digest: () => md5.end(),
  };
  return hash;
}

export interface WebBytes extends Uint8Array {
  toString(encoding?: 'base64' | 'hex'): string;
}

export function randomBytes(size: number): WebBytes {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(size)) as WebBytes;
  bytes.toString = (encoding = 'hex') => (encoding === 'base64'
    ? btoa(String.fromCharCode(...bytes))
    : Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''));
  return bytes;
}
