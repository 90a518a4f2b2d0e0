/**
 * What kind of value each member of an event's attributes holds in a history SWF wrote, so that a
 * hand-edited file (an object where a type name belongs, a string where an event id does) is
 * refused naming the member instead of being re-enacted into a meaningless difference.
 */

type Shape = 'string' | 'eventId' | 'type' | 'taskList' | 'execution' | 'tagList';

/** The shape of a member, by the naming SWF's history members follow without exception. */
function shapeOf(member: string): Shape {
  if (member.endsWith('EventId')) return 'eventId';
  if (member === 'workflowType' || member === 'activityType') return 'type';
  if (member === 'taskList') return 'taskList';
  if (member === 'workflowExecution' || member.endsWith('WorkflowExecution')) return 'execution';
  if (member === 'tagList') return 'tagList';
  return 'string';
}

/** A structure's string members: which must be there, which may. */
const STRUCTURES = {
  type: { required: ['name', 'version'], optional: [] },
  taskList: { required: ['name'], optional: [] },
  execution: { required: ['workflowId'], optional: ['runId'] },
} as const;

/**
 * The first member of `attributes` that holds no value SWF writes there, as `"activityType.name is
 * an object, not a string"`; undefined when every member is plausible. Absent and `null` members
 * pass (absent and zero alike); unknown members are judged by their name like the known ones.
 * @internal
 */
export function nonSwfValue(attributes: Record<string, unknown>): string | undefined {
  for (const [member, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    const problem = problemOf(shapeOf(member), value, member);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function problemOf(shape: Shape, value: unknown, path: string): string | undefined {
  switch (shape) {
    case 'string':
      return typeof value === 'string' ? undefined : `${path} is ${kindOf(value)}, not a string`;
    case 'eventId':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0
        ? undefined
        : `${path} is ${kindOf(value)}, not an event id`;
    case 'tagList': {
      if (!Array.isArray(value)) return `${path} is ${kindOf(value)}, not a list of strings`;
      // A null member is real: SWF stored one a boto client sent in StartWorkflowExecution.
      const index = value.findIndex((tag) => tag !== null && typeof tag !== 'string');
      return index < 0 ? undefined : `${path}[${String(index)}] is ${kindOf(value[index])}, not a string`;
    }
    case 'type':
    case 'taskList':
    case 'execution': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        return `${path} is ${kindOf(value)}, not a structure`;
      }
      const structure = STRUCTURES[shape];
      const members = value as Record<string, unknown>;
      for (const name of structure.required) {
        if (typeof members[name] !== 'string') {
          return `${path}.${name} is ${kindOf(members[name])}, not a string`;
        }
      }
      for (const name of structure.optional) {
        const member = members[name];
        if (member !== undefined && member !== null && typeof member !== 'string') {
          return `${path}.${name} is ${kindOf(member)}, not a string`;
        }
      }
      return undefined;
    }
    default: {
      const unknown: never = shape;
      return String(unknown);
    }
  }
}

function kindOf(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.slice(0, 40))})`;
  if (typeof value === 'number') return `a number (${String(value)})`;
  return `a ${typeof value}`;
}
