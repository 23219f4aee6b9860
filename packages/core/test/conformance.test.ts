import { beforeAll, describe, it } from 'vitest'
import { type Fixture, createFixture, groups } from './conformance/index.js'

let fixture: Fixture

beforeAll(async () => {
  fixture = await createFixture()
})

for (const group of groups) {
  describe(group.name, () => {
    for (const conformanceCase of group.cases) {
      it(`${conformanceCase.id} ${conformanceCase.title}`, () => conformanceCase.run(fixture), 15_000)
    }
  })
}
