namespace OroOrleans.WebFront.Auth;

/// <summary>
/// A share of <see cref="ValidatedTokenCache"/>'s entries behind one lock, in least-recently-used order: slots
/// allocated once, a dictionary of value types from a token's hash to its slot (sized once, so it reuses its freed
/// entries and never allocates), and a doubly linked list threaded through the slots by index, the most recently
/// used first. Full, it drops its least recently used entry to take a new one.
/// </summary>
public sealed class ValidatedTokenStripe
{
    private const int None = -1;

    private readonly Lock gate = new();
    private readonly Dictionary<TokenHash, int> index;
    private readonly CachedClaims[] slots;
    private readonly int[] previous;
    private readonly int[] next;
    private int filled;
    private int head = None;
    private int tail = None;

    public ValidatedTokenStripe(int capacity)
    {
        index = new Dictionary<TokenHash, int>(capacity);
        slots = new CachedClaims[capacity];
        previous = new int[capacity];
        next = new int[capacity];
    }

    /// <summary>Entries held now.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return index.Count;
            }
        }
    }

    /// <summary>The claims cached for <paramref name="key"/>, which become the most recently used.</summary>
    public bool TryGet(in TokenHash key, out CachedClaims claims)
    {
        lock (gate)
        {
            if (!index.TryGetValue(key, out var at))
            {
                claims = default;
                return false;
            }

            MoveFirst(at);
            claims = slots[at];
            return true;
        }
    }

    /// <summary>Caches <paramref name="claims"/> (made for their key) as the most recently used.</summary>
    public void Set(in CachedClaims claims)
    {
        lock (gate)
        {
            if (!index.TryGetValue(claims.Key, out var at))
            {
                at = Claim();
                index.Add(claims.Key, at);
            }

            slots[at] = claims;
            MoveFirst(at);
        }
    }

    public void Remove(in TokenHash key)
    {
        lock (gate)
        {
            if (index.Remove(key, out var at))
            {
                // Emptied and put last: the next claim of a full stripe takes it.
                slots[at] = default;
                Unlink(at);
                LinkAfter(tail, at);
            }
        }
    }

    /// <summary>A slot never used while there are any, else the last: an emptied one, or the least recently used.</summary>
    private int Claim()
    {
        if (filled < slots.Length)
        {
            var fresh = filled++;
            LinkAfter(None, fresh);
            return fresh;
        }

        var at = tail;
        if (slots[at].InUse)
        {
            index.Remove(slots[at].Key);
        }

        return at;
    }

    private void MoveFirst(int at)
    {
        if (at != head)
        {
            Unlink(at);
            LinkAfter(None, at);
        }
    }

    private void Unlink(int at)
    {
        var (before, after) = (previous[at], next[at]);
        if (before == None)
        {
            head = after;
        }
        else
        {
            next[before] = after;
        }

        if (after == None)
        {
            tail = before;
        }
        else
        {
            previous[after] = before;
        }
    }

    /// <summary>Links <paramref name="at"/> after <paramref name="before"/>, or first when that is <see cref="None"/>.</summary>
    private void LinkAfter(int before, int at)
    {
        var after = before == None ? head : next[before];
        previous[at] = before;
        next[at] = after;
        if (before == None)
        {
            head = at;
        }
        else
        {
            next[before] = at;
        }

        if (after == None)
        {
            tail = at;
        }
        else
        {
            previous[after] = at;
        }
    }
}
