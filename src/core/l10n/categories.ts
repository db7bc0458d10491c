/**
 * The categories' names in each locale, in one place: the check reports, the change log and
 * drafted notes all name categories, and none of them owns the words.
 */
import type { Category } from '../types';

/** English names of the categories: report headings, the change log, drafted note titles. */
export const CATEGORY_EN: Record<Category, string> = {
  migration: 'Migrations',
  config: 'Configuration',
  env: 'Environment variables',
  infrastructure: 'Infrastructure',
  dependency: 'Dependencies',
  ci: 'CI',
  api: 'API schemas',
  'feature-flag': 'Feature flags',
  custom: 'Custom rules',
};

/** Simplified Chinese names of the categories. */
export const CATEGORY_ZH: Record<Category, string> = {
  migration: '数据库迁移',
  config: '配置',
  env: '环境变量',
  infrastructure: '基础设施',
  dependency: '依赖',
  ci: 'CI',
  api: 'API 定义',
  'feature-flag': '功能开关',
  custom: '自定义规则',
};
