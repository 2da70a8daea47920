-- The flow engine keeps the login's steps and state now; the page keeps only its stage and form token
ALTER TABLE gh_login_flow DROP COLUMN authenticator_id;
ALTER TABLE gh_login_flow DROP COLUMN step_state;
ALTER TABLE gh_login_flow DROP COLUMN attempts;
