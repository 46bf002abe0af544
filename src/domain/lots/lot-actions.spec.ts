import { lotActions, type LotActionFacts } from './lot-actions';

describe('lotActions (what a user is offered for a lot, server and device alike)', () => {
  const SIGNER = ['lots.sign'];
  const lot = (facts: Partial<LotActionFacts>): LotActionFacts => ({
    status: 'PENDING_AUTHORIZATION',
    uploadedBy: 'carga',
    signatures: [],
    signaturesRequired: 1,
    ...facts,
  });

  it('sign: lots.sign, not the uploader, not yet signed, signatures missing', () => {
    expect(lotActions(lot({}), 'firma1', SIGNER).canSign).toBeTrue();
    expect(lotActions(lot({}), 'firma1', ['lots.authorize']).canSign).toBeFalse();
    expect(lotActions(lot({ uploadedBy: 'firma1' }), 'firma1', SIGNER).canSign).toBeFalse();
    expect(lotActions(lot({ signatures: [{ userId: 'firma1' }], signaturesRequired: 2 }), 'firma1', SIGNER).canSign).toBeFalse();
    expect(lotActions(lot({ signatures: [{ userId: 'otro' }] }), 'firma1', SIGNER).canSign).toBeFalse();
    expect(lotActions(lot({ status: 'VALID' }), 'firma1', SIGNER).canSign).toBeFalse();
  });

  it('withdraw: only one’s own signature, only while pending, and only with lots.sign (the route requires it)', () => {
    const signed = lot({ signatures: [{ userId: 'firma1' }] });
    expect(lotActions(signed, 'firma1', SIGNER).canWithdrawSignature).toBeTrue();
    expect(lotActions(signed, 'firma1', ['lots.delete']).canWithdrawSignature).toBeFalse();
    expect(lotActions(signed, 'firma2', SIGNER).canWithdrawSignature).toBeFalse();
    expect(lotActions({ ...signed, status: 'AUTHORIZED' }, 'firma1', SIGNER).canWithdrawSignature).toBeFalse();
  });

  it('authorize: lots.authorize, every signature in, neither uploader nor signer', () => {
    const ready = lot({ signatures: [{ userId: 'firma1' }] });
    expect(lotActions(ready, 'firma2', ['lots.authorize']).canAuthorize).toBeTrue();
    expect(lotActions(ready, 'firma1', ['lots.authorize']).canAuthorize).toBeFalse();
    expect(lotActions({ ...ready, uploadedBy: 'firma2' }, 'firma2', ['lots.authorize']).canAuthorize).toBeFalse();
    expect(lotActions(lot({}), 'firma2', ['lots.authorize']).canAuthorize).toBeFalse();
    expect(lotActions(lot({ signaturesRequired: 0 }), 'firma2', ['lots.authorize']).canAuthorize).toBeTrue();
  });

  it('confirm and delete', () => {
    expect(lotActions(lot({ status: 'VALID' }), 'carga', ['lots.upload']).canConfirm).toBeTrue();
    expect(lotActions(lot({ status: 'VALID' }), 'admin', ['lots.upload']).canConfirm).toBeFalse();
    expect(lotActions(lot({ status: 'VALID' }), 'carga', []).canDelete).toBeTrue();
    expect(lotActions(lot({}), 'carga', []).canDelete).toBeFalse();
    expect(lotActions(lot({}), 'firma1', ['lots.delete']).canDelete).toBeTrue();
    expect(lotActions(lot({ status: 'AUTHORIZED' }), 'firma1', ['lots.delete']).canDelete).toBeFalse();
  });
});
