namespace OroOrleans.WebFront.Revocation;

/// <summary>
/// Whether this front end's view holds every live fact of every ledger shard. Until it does, the front end is
/// not ready (<c>/health/ready</c> answers 503) and treats every token as revoked: a front end that has not
/// caught up must not accept a token that another front end already rejects.
/// </summary>
public sealed class RevocationReadiness
{
    private volatile bool loaded;

    public bool IsLoaded => loaded;

    public void MarkLoaded() => loaded = true;
}
