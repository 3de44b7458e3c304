-- Invalidation of the certificate status caches (docs/decisions/010-signing-keys-and-verification-path.md).
-- Each portal process keeps the public status of recently asked certificates in memory and
-- LISTENs on the channel "certificate_status". Every change that can alter a status answer
-- notifies it, at commit, so that a revocation reaches every instance at once (product.md §6:
-- "effective immediately everywhere"). The payload is a certificate number, or '*' for a change
-- that may touch many certificates (a renamed organization, a renumbered or deleted contract).

CREATE FUNCTION "certificate_status_notify_certificate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM pg_notify('certificate_status', OLD."number");
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM pg_notify('certificate_status', NEW."number");
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER "Certificate_status_notify" AFTER INSERT OR UPDATE OR DELETE ON "Certificate"
    FOR EACH ROW EXECUTE FUNCTION "certificate_status_notify_certificate"();

CREATE FUNCTION "certificate_status_notify_all"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('certificate_status', '*');
    RETURN NULL;
END;
$$;

-- The answer shows the vendor's legal name and UEI and the agency's legal name.
CREATE TRIGGER "Organization_status_notify" AFTER UPDATE OF "legalName", "uei" ON "Organization"
    FOR EACH STATEMENT EXECUTE FUNCTION "certificate_status_notify_all"();

-- The answer lists the current numbers of the contracts in the certificate's scope.
CREATE TRIGGER "Contract_status_notify" AFTER UPDATE OF "number" OR DELETE ON "Contract"
    FOR EACH STATEMENT EXECUTE FUNCTION "certificate_status_notify_all"();
