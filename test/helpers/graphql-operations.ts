import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isRequiredArgument,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

/**
 * One small valid operation per root field of a schema, built from the schema itself: the field's
 * required arguments with sample values (and `first: 1`), and a selection of its scalar leaves,
 * `nodes { … }` for a connection, nested objects only where a type has no leaves of its own.
 * For tests that must cover every field (the security suite) without a list to keep up to date.
 */

export interface RootOperation {
  kind: 'query' | 'mutation';
  field: string;
  document: string;
}

const SAMPLE_STRINGS: Record<string, string> = {
  regionCode: '11',
  id: 'rte-regional-ingest',
  scheduleId: 'rte-regional-ingest',
  workflowId: 'security-suite',
  // Dates as strings (dailyEnergy): Paris calendar days.
  from: '2025-02-20',
  to: '2025-02-21',
};

const SAMPLE_INSTANTS: Record<string, string> = {
  from: '2025-02-20T00:00:00Z',
  to: '2025-02-21T00:00:00Z',
};

function sampleValue(name: string, type: GraphQLInputType, depth = 0): string {
  if (isNonNullType(type)) return sampleValue(name, type.ofType, depth);
  if (isListType(type)) return `[${sampleValue(name, type.ofType, depth)}]`;
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    if (depth > 3) throw new Error(`input type ${type.name} nests too deep for a sample`);
    const fields = Object.values(type.getFields()).filter(
      (f) => isNonNullType(f.type) && f.defaultValue === undefined,
    );
    return `{ ${fields.map((f) => `${f.name}: ${sampleValue(f.name, f.type, depth + 1)}`).join(', ')} }`;
  }
  switch (type.name) {
    case 'Int':
    case 'Float':
      return '1';
    case 'Boolean':
      return 'false';
    case 'DateTime':
      return JSON.stringify(SAMPLE_INSTANTS[name] ?? SAMPLE_INSTANTS.from);
    default:
      return JSON.stringify(SAMPLE_STRINGS[name] ?? 'security-suite');
  }
}

/** `overrides`: argument name -> GraphQL literal, given whether the argument is required or not. */
function argumentsOf(args: readonly GraphQLArgument[], overrides: Record<string, string> = {}): string {
  const given = args.filter((a) => isRequiredArgument(a) || a.name === 'first' || a.name in overrides);
  const value = (a: GraphQLArgument) => overrides[a.name] ?? sampleValue(a.name, a.type);
  return given.length ? `(${given.map((a) => `${a.name}: ${value(a)}`).join(', ')})` : '';
}

function selectionOf(type: GraphQLObjectType, depth: number): string {
  if (depth > 4) throw new Error(`type ${type.name} has no scalar field within reach`);
  const fields = Object.values(type.getFields()).filter((f) => !f.args.some(isRequiredArgument));
  const nodes = fields.find((f) => f.name === 'nodes');
  const chosen = nodes ? [nodes] : fields.filter((f) => isLeafType(getNamedType(f.type)));
  const picked = chosen.length
    ? chosen
    : fields.filter((f) => isObjectType(getNamedType(f.type))).slice(0, 1);
  if (!picked.length) throw new Error(`type ${type.name}: no field to select`);
  return `{ ${picked.map((f) => fieldSelection(f, depth + 1)).join(' ')} }`;
}

function fieldSelection(field: GraphQLField<unknown, unknown>, depth: number): string {
  const named = getNamedType(field.type);
  const args = field.args.some((a) => a.name === 'first') ? '(first: 1)' : '';
  if (isLeafType(named)) return `${field.name}${args}`;
  if (!isObjectType(named)) throw new Error(`field ${field.name}: ${named.name} is neither leaf nor object`);
  return `${field.name}${args} ${selectionOf(named, depth)}`;
}

function operationOf(
  kind: RootOperation['kind'],
  field: GraphQLField<unknown, unknown>,
  overrides: Record<string, string> = {},
): RootOperation {
  const named = getNamedType(field.type);
  const selection = isObjectType(named) ? ` ${selectionOf(named, 0)}` : '';
  return {
    kind,
    field: field.name,
    document: `${kind} { ${field.name}${argumentsOf(field.args, overrides)}${selection} }`,
  };
}

function rootOperations(
  kind: RootOperation['kind'],
  root: GraphQLObjectType | null | undefined,
): RootOperation[] {
  if (!root) return [];
  return Object.values(root.getFields()).map((field) => operationOf(kind, field));
}

/**
 * For every String argument of every root field, the field's operation with that one argument
 * set to `literal` (a GraphQL literal, e.g. JSON.stringify(payload)).
 */
export function stringArgumentOperations(
  schema: GraphQLSchema,
  literal: string,
): (RootOperation & { argument: string })[] {
  const out: (RootOperation & { argument: string })[] = [];
  for (const [kind, root] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      for (const arg of field.args) {
        if (getNamedType(arg.type).name !== 'String') continue;
        out.push({ ...operationOf(kind, field, { [arg.name]: literal }), argument: arg.name });
      }
    }
  }
  return out;
}

export function queryOperations(schema: GraphQLSchema): RootOperation[] {
  return rootOperations('query', schema.getQueryType());
}

export function mutationOperations(schema: GraphQLSchema): RootOperation[] {
  return rootOperations('mutation', schema.getMutationType());
}
