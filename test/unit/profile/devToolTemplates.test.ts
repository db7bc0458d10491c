import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, loadProfile, SimpleGitSource } from '../../../src/core';
import { TestRepo } from '../../helpers/repo';

/** Semantic MediaWiki 4.0.1's `src/Tesa/phpunit.xml.dist`. */
const PHPUNIT = "<phpunit backupGlobals=\"false\"\n         backupStaticAttributes=\"false\"\n         bootstrap=\"tests/bootstrap.php\"\n         cacheTokens=\"false\"\n         colors=\"true\"\n         convertErrorsToExceptions=\"true\"\n         convertNoticesToExceptions=\"true\"\n         convertWarningsToExceptions=\"true\"\n         stopOnError=\"false\"\n         stopOnFailure=\"false\"\n         stopOnIncomplete=\"false\"\n         stopOnSkipped=\"false\"\n         verbose=\"true\">\n    <testsuites>\n        <testsuite name=\"tesa-unit\">\n            <directory>tests/phpunit/Unit</directory>\n        </testsuite>\n        <testsuite name=\"tesa-integration\">\n            <directory>tests/phpunit/Integration</directory>\n        </testsuite>\n    </testsuites>\n    <filter>\n        <whitelist addUncoveredFilesFromWhitelist=\"true\">\n            <directory suffix=\".php\">src</directory>\n        </whitelist>\n    </filter>\n</phpunit>\n";

describe('profile: a test runner or code checker template is no operator template', () => {
  it('phpunit / php-cs-fixer / phpstan / eunit templates are left out; config.inc.php.dist and app.ini.dist stay', async (t) => {
    const repo = new TestRepo();
    t.after(() => repo.dispose());
    repo.commit('init', {
      'index.php': '<?php\nrequire "config.inc.php";\n',
      'config.inc.php.dist': '<?php\n$ldap_url = "ldap://localhost";\n',
      'conf/app.ini.dist': '[main]\nmode = fast\n',
      'phpunit.xml.dist': PHPUNIT,
      'src/Tesa/phpunit.dist.xml': PHPUNIT,
      '.php-cs-fixer.dist.php': '<?php\nreturn (new PhpCsFixer\\Config())->setRules([]);\n',
      'phpstan.neon.dist': 'parameters:\n  level: 5\n',
      'setup_eunit.template': '{data_dir, "tmp/data"}.\n',
    });
    const git = await SimpleGitSource.open(repo.dir);
    let profile;
    try {
      profile = await loadProfile(git, repo.git('rev-parse', 'HEAD').trim(), undefined);
    } finally {
      git.close();
    }
    const paths = profile.templates.map((x) => x.path).sort();
    assert.deepEqual(paths, ['conf/app.ini.dist', 'config.inc.php.dist']);
  });

  it('adding a phpunit.xml.dist (Semantic MediaWiki 4.0.0..4.0.1 `src/Tesa/phpunit.xml.dist`) needs no note; a key removed from conf/app.ini.dist still does', async (t) => {
    const repo = new TestRepo();
    t.after(() => repo.dispose());
    repo.commit('init', {
      'index.php': '<?php\nrequire "config.inc.php";\n',
      'conf/app.ini.dist': '[main]\nmode = fast\nlegacy_auth = on\n',
    });
    repo.checkout('feature', true);
    repo.commit('feature', { 'src/Tesa/phpunit.xml.dist': PHPUNIT, 'conf/app.ini.dist': '[main]\nmode = fast\n' });
    const report = await analyze({ repo: repo.dir, base: 'main', head: 'feature' });
    const noted = report.impacts.filter((i) => i.requiresNote).map((i) => i.path);
    assert.ok(!noted.includes('src/Tesa/phpunit.xml.dist'), JSON.stringify(noted));
    assert.ok(noted.includes('conf/app.ini.dist'), JSON.stringify(noted));
  });
});
