/** Injection tokens of the HL7 door. */
export const HL7_INTAKE = Symbol('HL7_INTAKE');
export const HL7_INTAKE_LOG = Symbol('HL7_INTAKE_LOG');
export const HL7_MAPPING = Symbol('HL7_MAPPING');
