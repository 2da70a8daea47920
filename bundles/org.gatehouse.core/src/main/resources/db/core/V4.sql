-- Application-initiated enrolment: the authenticator whose factor the user asked to set up
ALTER TABLE gh_login_request ADD COLUMN enrol VARCHAR(100);
