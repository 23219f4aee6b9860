import type { Options } from 'tsup'
export declare function definePackageConfig(options: Options & { entry: Options['entry'] }): Options | Options[]
