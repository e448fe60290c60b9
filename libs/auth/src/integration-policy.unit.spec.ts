import { DomainError } from '@poems/kernel';
import { authorize, reachableCareTeams, roleActingFor } from './policy';
import { integrationPrincipal } from './principal';

const codeOf = (work: () => void) => {
  try {
    work();
    return 'allowed';
  } catch (error) {
    return (error as DomainError).code;
  }
};

describe('an integration principal', () => {
  const lab = integrationPrincipal('lab-feed', 'central-lab', ['haem-a']);
  const ehr = integrationPrincipal('ehr', 'ward', ['*']);

  it('takes only the actions of its kind, whatever it asks for', () => {
    expect(codeOf(() => authorize(lab, 'patient.record-lab', { kind: 'patient', careTeam: 'haem-a' }))).toBe('allowed');
    expect(codeOf(() => authorize(lab, 'patient.record', { kind: 'patient', careTeam: 'haem-a' }))).toBe('FORBIDDEN');
    expect(codeOf(() => authorize(lab, 'patient.read', { kind: 'patient', careTeam: 'haem-a' }))).toBe('FORBIDDEN');
    expect(codeOf(() => authorize(lab, 'alert.raise', { kind: 'global' }))).toBe('FORBIDDEN');
    expect(codeOf(() => authorize(ehr, 'cds.patient-view', { kind: 'global' }))).toBe('allowed');
    expect(codeOf(() => authorize(ehr, 'patient.record-lab', { kind: 'patient', careTeam: 'haem-a' }))).toBe('FORBIDDEN');
  });

  it('reaches its care teams only, answering others as missing', () => {
    expect(reachableCareTeams(lab, 'patient.record-lab')).toEqual(['haem-a']);
    expect(reachableCareTeams(ehr, 'alert.read')).toBeNull();
    expect(codeOf(() => authorize(lab, 'patient.record-lab', { kind: 'patient', careTeam: 'haem-b' }))).toBe('PATIENT_NOT_ENROLLED');
  });

  it('is recorded as the system, named by kind and id', () => {
    expect([lab.userId, roleActingFor(lab, 'patient.record-lab')]).toEqual(['lab-feed:central-lab', 'system']);
  });

  it('is no user role: clinicians still cannot take the EHR’s action', () => {
    expect(codeOf(() => authorize({ userId: 'dr', roles: ['clinician'], careTeams: ['haem-a'] }, 'cds.patient-view', { kind: 'global' }))).toBe('FORBIDDEN');
  });
});
