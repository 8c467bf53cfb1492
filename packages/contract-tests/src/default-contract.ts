import type { Contract } from './contract-model.js';
import {
  contractSource,
  operations,
  schemaIdPrefix,
  schemas,
  securitySchemes,
} from './generated/contract.gen.js';

/** The contract generated from this package's spec (`specs/v1.0/openapi.yaml`). */
export const defaultContract: Contract = {
  source: contractSource,
  schemaIdPrefix,
  operations,
  schemas,
  securitySchemes,
};
