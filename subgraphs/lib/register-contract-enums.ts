import { registerEnumType } from 'type-graphql';
import {
  AgreementType,
  EscalationLevel,
  EventKind,
  Milestone,
  ObstacleCategory,
  ProjectEventKind,
  SigningLevel,
  SupervisionKind,
  SupervisionMethod,
} from '../../schema/contract/project-enums.js';
import { LedgerRowAction } from '../../schema/contract/ledger.js';
import { ProjectOrder } from '../../schema/contract/project-order.js';
import { ProjectStage } from '../../schema/contract/project-stage.js';

// type-graphql needs every TS enum registered once, before the schema is built.
registerEnumType(ProjectStage, {
  name: 'ProjectStage',
  description: 'Lifecycle stage (docs/domain.md, "Project lifecycle").',
});
registerEnumType(ProjectOrder, {
  name: 'ProjectOrder',
  description: 'Order of the projects connection; ties break on id.',
});
registerEnumType(EventKind, { name: 'EventKind' });
registerEnumType(AgreementType, { name: 'AgreementType' });
registerEnumType(SigningLevel, { name: 'SigningLevel' });
registerEnumType(ObstacleCategory, { name: 'ObstacleCategory' });
registerEnumType(EscalationLevel, { name: 'EscalationLevel' });
registerEnumType(SupervisionKind, { name: 'SupervisionKind' });
registerEnumType(SupervisionMethod, { name: 'SupervisionMethod' });
registerEnumType(ProjectEventKind, { name: 'ProjectEventKind' });
registerEnumType(Milestone, {
  name: 'Milestone',
  description: 'An actual milestone date a stage implies (docs/domain.md, "Milestones on entry").',
});
registerEnumType(LedgerRowAction, { name: 'LedgerRowAction', description: 'What an import does with one row.' });
