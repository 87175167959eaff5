/** The privacy sections other areas' pages embed. */
export { ErasurePanel } from './ErasurePanel.tsx';
export { MyPrivacySection } from './PrivacySection.tsx';
