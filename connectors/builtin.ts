import type { Connector } from './core/connector';
import { createIdConnector } from './id/index';
import { createJpConnector } from './jp/index';
import { createMyConnector } from './my/index';
import { createVnConnector } from './vn/index';

/** The four built-in national connectors, reading their catalogues below `baseUrl`. */
export function createBuiltinConnectors(baseUrl: string): Connector[] {
  return [createJpConnector(baseUrl), createIdConnector(baseUrl), createMyConnector(baseUrl), createVnConnector(baseUrl)];
}
