using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Revocation;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.Grains.Users;

/// <summary>
/// One account. Non-reentrant on purpose: the lockout counter is read, checked and written in one turn, so it is
/// consistent across the cluster without locks (§5).
/// </summary>
[GrainType("user")]
public sealed partial class UserGrain(
    [PersistentState("user", StorageNames.Main)] IPersistentState<UserState> state,
    IOptions<LockoutOptions> lockout,
    IOptions<TokenOptions> tokens,
    ImportedHashMemory importedHashMemory,
    TimeProvider time,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // "0002" would be a second, stale copy of account 2: the APIs refuse such ids; this is the last line.
        StorageKeys.EnsureCanonical(this.GetGrainId());
        return Task.CompletedTask;
    }

    public async Task<bool> Create(UserSpec spec)
    {
        if (state.State.Exists)
        {
            return false;
        }

        state.State = new UserState
        {
            Exists = true,
            Application = spec.Application,
            Username = spec.Username,
            Email = spec.Email,
            PasswordHash = spec.PasswordHash ?? PasswordHashing.Hash(spec.Password),
            Roles = [.. spec.Roles],
            Enabled = spec.Enabled,
            Epoch = 1,
        };
        await state.WriteOrForget(this);
        return true;
    }

    public Task<UserView?> Get() => Task.FromResult(state.State.Exists ? View() : null);

    public async Task<PasswordCheck> VerifyPassword(string password)
    {
        var s = state.State;
        if (!s.Exists)
        {
            PasswordHashing.VerifyAgainstDummy(password);
            return new PasswordCheck(PasswordCheckStatus.WrongPassword, null);
        }

        var now = time.GetUtcNow();
        // §2.5: the automatic lockout answers first, like any wrong password, without computing a hash: guessing
        // cannot go on through the lock, and the answer tells nothing about the password. The front end makes the
        // answer take a hash's time, or its speed would tell that the name exists (an unknown name costs a hash).
        if (s.LockedUntil is { } until && until > now)
        {
            return new PasswordCheck(PasswordCheckStatus.WrongPassword, null, PasswordHashing.TimeOfOneVerification());
        }

        bool matched;
        string? rehash;
        // An imported argon2id hash is verified only within the silo's memory budget (§5); the lease ends with the
        // verification, before anything is stored.
        using (var memory = await importedHashMemory.Reserve(s.PasswordHash))
        {
            if (!memory.IsAcquired)
            {
                // Not a wrong password: nothing was checked, so nothing is counted (§2.5: 503, try again).
                LogNoMemory(logger, this.GetPrimaryKeyString(), ImportedHashMemory.PermitsFor(s.PasswordHash), importedHashMemory.Wait.TotalSeconds);
                return new PasswordCheck(PasswordCheckStatus.Overloaded, null);
            }

            matched = PasswordHashing.Verify(s.PasswordHash, password, out rehash);
        }

        if (!matched)
        {
            // Guesses on disabled or administrator-locked accounts count too, so the status hints below are
            // earned only by a password found within the lockout's budget.
            await CountFailure(now);
            return new PasswordCheck(PasswordCheckStatus.WrongPassword, null);
        }

        // The account's status is told only to someone who knows its password (§2.5).
        if (!s.Enabled)
        {
            return new PasswordCheck(PasswordCheckStatus.Disabled, null);
        }

        if (s.AdminLocked)
        {
            return new PasswordCheck(PasswordCheckStatus.Locked, null);
        }

        if (s.FailedAttempts != 0 || s.LockedUntil is not null || rehash is not null)
        {
            s.FailedAttempts = 0;
            s.LockedUntil = null;
            s.PasswordHash = rehash ?? s.PasswordHash;
            await state.WriteOrForget(this);
        }

        return new PasswordCheck(PasswordCheckStatus.Success, View());
    }

    public async Task<UserChangeResult> Update(UserChange change)
    {
        var s = state.State;
        if (!s.Exists || s.Application != change.Application)
        {
            return new UserChangeResult(UserChangeStatus.NotFound, null, null);
        }

        var names = new UserLoginNames(GrainFactory, this.GetPrimaryKeyString());
        var claim = await names.Claim(s, change);
        if (claim != UserChangeStatus.Updated)
        {
            return new UserChangeResult(claim, null, null);
        }

        try
        {
            // Disabling, an administrator's lock and a new password revoke every token of the account (§4);
            // enabling, unlocking and a change of roles or names revoke nothing (roles are read from this grain,
            // never from a token).
            var revocation = (change.Enabled == false && s.Enabled) || (change.Locked == true && !s.AdminLocked) || change.Password is not null
                ? await RaiseEpoch()
                : null;
            s.Username = s.Application == ApplicationKind.Backoffice ? change.Username ?? s.Username : s.Username;
            s.Email = change.Email ?? s.Email;
            s.PasswordHash = change.Password is null ? s.PasswordHash : PasswordHashing.Hash(change.Password);
            s.Enabled = change.Enabled ?? s.Enabled;
            s.Roles = s.Application == ApplicationKind.Backoffice && change.Roles is not null ? [.. change.Roles] : s.Roles;
            if (change.Locked is { } locked)
            {
                s.AdminLocked = locked;
            }

            if (change.Locked == false)
            {
                // An unlock ends both locks and resets the counter (§5).
                s.LockedUntil = null;
                s.FailedAttempts = 0;
            }

            await state.WriteOrForget(this);
            await names.ReleaseOld();
            LogUpdated(logger, this.GetPrimaryKeyString(), revocation is not null);
            return new UserChangeResult(UserChangeStatus.Updated, View(), revocation);
        }
        catch
        {
            // A failed write has forgotten this activation already (WriteOrForget); the names claimed go back too.
            await names.Undo();
            throw;
        }
    }

    private async Task CountFailure(DateTimeOffset now)
    {
        var s = state.State;
        s.FailedAttempts++;
        if (s.FailedAttempts >= lockout.Value.MaxFailedAttempts)
        {
            s.FailedAttempts = 0;
            s.LockedUntil = now + lockout.Value.Duration;
            // The automatic lockout revokes nothing (§4): whoever knows a username must not end its owner's sessions.
            LogLocked(logger, this.GetPrimaryKeyString(), s.LockedUntil.Value);
        }

        await state.WriteOrForget(this);
    }

    /// <summary>
    /// Raises the epoch and records "epochs below the new one are revoked" in the ledger, which pushes it to every
    /// front end. Recorded before the state is stored: if storing then fails, tokens are rejected a little
    /// early (safe), never accepted after the account said they were revoked.
    /// </summary>
    private async Task<RevocationFact> RaiseEpoch()
    {
        var s = state.State;
        // Every token of an older epoch expires within one access-token lifetime from now, and is refused until
        // KeepMargin after that.
        var fact = new RevocationFact(RevocationKind.User, this.GetPrimaryKeyString(), s.Epoch + 1, time.GetUtcNow() + tokens.Value.AccessTokenLifetime + RevocationFacts.KeepMargin);
        await RevocationFacts.Record(GrainFactory, fact);
        s.Epoch++;
        return fact;
    }

    private UserView View()
    {
        var s = state.State;
        return new UserView(this.GetPrimaryKeyString(), s.Application, s.Username, s.Email, s.Roles.ToArray(), s.Enabled, s.LockedUntil, s.Epoch, s.AdminLocked);
    }

    [LoggerMessage(LogEvents.UserUpdated, LogLevel.Information, "User {UserId} changed by an administrator (tokens revoked: {Revoked})")]
    private static partial void LogUpdated(ILogger logger, string userId, bool revoked);

    [LoggerMessage(LogEvents.UserPasswordNotChecked, LogLevel.Warning,
        "Password of user {UserId} not checked: its imported argon2id hash needs {MemoryMiB} MiB, not free within {WaitSeconds} s (Passwords:ImportedHashMemoryMiB); answered as unavailable")]
    private static partial void LogNoMemory(ILogger logger, string userId, int memoryMiB, double waitSeconds);

    [LoggerMessage(LogEvents.UserLocked, LogLevel.Warning, "User {UserId} locked until {LockedUntil} after repeated wrong passwords")]
    private static partial void LogLocked(ILogger logger, string userId, DateTimeOffset lockedUntil);
}
