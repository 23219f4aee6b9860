import type { UserWorkspaceConfig } from 'vitest/config'
export declare function definePackageTestConfig(config?: UserWorkspaceConfig): UserWorkspaceConfig
