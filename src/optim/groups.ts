/**
 * Turns what a user passes to an optimizer (parameters, named parameters or parameter groups) into
 * named groups, rejecting the mistakes PyTorch rejects: no parameters, or one parameter twice.
 */
import type { NamedParameter, ParamGroupInput, ParameterLike, ParamsInput } from './types.js';

/** A group after normalisation: parameters with their names and the group's own option overrides. */
export interface NormalizedGroup {
  params: ParameterLike[];
  names: string[];
  overrides: Record<string, unknown>;
}

function isParameterLike(v: unknown): v is ParameterLike {
  return typeof v === 'object' && v !== null && 'data' in v && 'shape' in v;
}

function isNamedPair(v: unknown): v is NamedParameter {
  return Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && isParameterLike(v[1]);
}

function isGroup(v: unknown): v is ParamGroupInput {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'params' in v && !('data' in v);
}

/**
 * Normalises the constructor's `params` argument. Unnamed parameters are named by their position
 * over all groups (`'0'`, `'1'`, …), as PyTorch numbers them in its state dict.
 */
export function normalizeGroups(owner: string, input: ParamsInput): NormalizedGroup[] {
  if (!Array.isArray(input)) throw new Error(`${owner}: params must be an array of parameters, [name, parameter] pairs or parameter groups`);
  const raw: ParamGroupInput[] = input.length > 0 && input.every(isGroup) ? (input as ParamGroupInput[]) : [{ params: input as ParameterLike[] }];
  const groups: NormalizedGroup[] = [];
  let position = 0;
  const seenParam = new Map<ParameterLike, { name: string; group: number }>();
  const seenName = new Map<string, number>();
  raw.forEach((g, gi) => {
    if (!isGroup(g)) throw new Error(`${owner}: parameter group ${gi} must be an object with a 'params' array`);
    const { params, ...overrides } = g;
    if (!Array.isArray(params)) throw new Error(`${owner}: parameter group ${gi}: 'params' must be an array`);
    const out: NormalizedGroup = { params: [], names: [], overrides };
    for (const item of params as unknown[]) {
      let name: string;
      let p: ParameterLike;
      if (isNamedPair(item)) {
        [name, p] = item;
      } else if (isParameterLike(item)) {
        name = String(position);
        p = item;
      } else {
        throw new Error(`${owner}: parameter group ${gi}: item ${out.params.length} is neither a parameter nor a [name, parameter] pair`);
      }
      position++;
      const before = seenParam.get(p);
      if (before) {
        throw new Error(
          before.group === gi
            ? `${owner}: parameter '${name}' appears twice in parameter group ${gi}`
            : `${owner}: parameter '${name}' appears in more than one parameter group (groups ${before.group} and ${gi})`,
        );
      }
      if (seenName.has(name)) throw new Error(`${owner}: two different parameters share the name '${name}'`);
      seenParam.set(p, { name, group: gi });
      seenName.set(name, gi);
      out.params.push(p);
      out.names.push(name);
    }
    groups.push(out);
  });
  if (position === 0) throw new Error(`${owner}: got an empty parameter list`);
  return groups;
}
