/**
 * The part of JSON Schema that manifest.schema.json uses (type, required, properties,
 * additionalProperties: false, items, pattern, enum, minLength), enough to hold a file to its
 * published schema without a validator dependency. Returns the first problem with its JSON path.
 */
export interface SchemaNode {
  type?: 'object' | 'array' | 'string' | 'number' | 'boolean';
  required?: string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean;
  items?: SchemaNode;
  pattern?: string;
  enum?: unknown[];
  minLength?: number;
}

export function schemaProblem(value: unknown, schema: SchemaNode, path = '$'): string | undefined {
  const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  if (schema.type && actual !== schema.type) return `${path}: expected ${schema.type}, found ${actual}`;
  if (schema.enum && !schema.enum.includes(value)) return `${path}: expected one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) return `${path}: must not be empty`;
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) return `${path}: ${JSON.stringify(value)} is not allowed here`;
  }
  if (Array.isArray(value) && schema.items) {
    for (let i = 0; i < value.length; i++) {
      const problem = schemaProblem(value[i], schema.items, `${path}[${i}]`);
      if (problem) return problem;
    }
  }
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in object)) return `${path}: "${key}" is missing`;
    for (const [key, item] of Object.entries(object)) {
      const child = schema.properties?.[key];
      if (!child) {
        if (schema.additionalProperties === false) return `${path}: unknown key "${key}"`;
        continue;
      }
      const problem = schemaProblem(item, child, `${path}.${key}`);
      if (problem) return problem;
    }
  }
  return undefined;
}
