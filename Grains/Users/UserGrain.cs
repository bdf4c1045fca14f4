using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Users;

/// <summary>
/// One account. Non-reentrant on purpose: the lockout counter is read, checked and written in one turn, so it is
/// consistent across the cluster without locks (§5).
/// </summary>
[GrainType("user")]
public sealed partial class UserGrain(
    [PersistentState("user", StorageNames.Main)] IPersistentState<UserState> state,
    IOptions<LockoutOptions> lockout,
    TimeProvider time,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
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
            PasswordHash = PasswordHashing.Hash(spec.Password),
            Roles = [.. spec.Roles],
            Enabled = spec.Enabled,
            Epoch = 1,
            CreatedAt = time.GetUtcNow(),
        };
        await state.WriteStateAsync();
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
        var locked = s.LockedUntil is { } until && until > now;
        if (!PasswordHashing.Verify(s.PasswordHash, password, out var rehash))
        {
            if (!locked && s.Enabled)
            {
                await CountFailure(now);
            }

            return new PasswordCheck(PasswordCheckStatus.WrongPassword, null);
        }

        // The account's status is told only to someone who knows its password (§2.5).
        if (!s.Enabled)
        {
            return new PasswordCheck(PasswordCheckStatus.Disabled, null);
        }

        if (locked)
        {
            return new PasswordCheck(PasswordCheckStatus.Locked, null);
        }

        if (s.FailedAttempts != 0 || s.LockedUntil is not null || rehash is not null)
        {
            s.FailedAttempts = 0;
            s.LockedUntil = null;
            s.PasswordHash = rehash ?? s.PasswordHash;
            await state.WriteStateAsync();
        }

        return new PasswordCheck(PasswordCheckStatus.Success, View());
    }

    private async Task CountFailure(DateTimeOffset now)
    {
        var s = state.State;
        s.FailedAttempts++;
        if (s.FailedAttempts >= lockout.Value.MaxFailedAttempts)
        {
            s.FailedAttempts = 0;
            s.LockedUntil = now + lockout.Value.Duration;
            // Locking revokes every token of the account (§4).
            s.Epoch++;
            LogLocked(logger, this.GetPrimaryKeyString(), s.LockedUntil.Value);
        }

        await state.WriteStateAsync();
    }

    private UserView View()
    {
        var s = state.State;
        return new UserView(this.GetPrimaryKeyString(), s.Application, s.Username, s.Email, s.Roles.ToArray(), s.Enabled, s.LockedUntil, s.Epoch);
    }

    [LoggerMessage(1101, LogLevel.Warning, "User {UserId} locked until {LockedUntil} after repeated wrong passwords")]
    private static partial void LogLocked(ILogger logger, string userId, DateTimeOffset lockedUntil);
}
