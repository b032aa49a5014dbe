import { isObjectValue, type Value, type ValueObject } from '../values/value.js';

/** Sets `value` at `path` in `target`, creating nested objects for dotted aliases (`AS a.b`). */
export function setOutput(target: ValueObject, path: readonly string[], value: Value): void {
  let node = target;
  const last = path.length - 1;
  for (let i = 0; i < last; i++) {
    const key = path[i] as string;
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (isObjectValue(next)) {
      node = next;
    } else {
      const created: ValueObject = {};
      defineMember(node, key, created);
      node = created;
    }
  }
  defineMember(node, path[last] as string, value);
}

/** Adds an own member even for keys such as `__proto__`, which plain assignment would treat specially. */
export function defineMember(target: ValueObject, key: string, value: Value): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** Reads an own attribute of an object value; anything else has no attributes. */
export function attributeOf(scope: Value, name: string): Value {
  return isObjectValue(scope) && Object.hasOwn(scope, name) ? scope[name] : undefined;
}
