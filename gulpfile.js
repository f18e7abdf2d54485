const path = require('path');
const { task, src, dest, parallel } = require('gulp');

// n8n loads icons relative to the built node and credential files (dist/icons is shared by both).
function copyIcons() {
	return src(path.resolve('icons', '*.svg')).pipe(dest(path.resolve('dist', 'icons')));
}
function copyNodeIcons() {
	return src(path.resolve('nodes', '**', '*.svg'), { allowEmpty: true }).pipe(dest(path.resolve('dist', 'nodes')));
}
task('build:icons', parallel(copyIcons, copyNodeIcons));
