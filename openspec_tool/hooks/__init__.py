"""Git hooks: judge the changes and specs a commit touches, reading them from the git index.

`run` (what the hook executes) imports only git plumbing, the readers and the reference rules;
`install` writes, describes and removes the hook scripts.
"""
