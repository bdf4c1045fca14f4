using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Users;

/// <summary>One login name: the grain is the name's single writer, which is what keeps names unique.</summary>
[GrainType("login-name")]
public sealed class LoginNameGrain(
    [PersistentState("login-name", StorageNames.Main)] IPersistentState<LoginNameState> state) : Grain, ILoginNameGrain
{
    public async Task<bool> Claim(string userId)
    {
        if (state.State.UserId is { } holder)
        {
            return holder == userId;
        }

        state.State.UserId = userId;
        await state.WriteOrForget(this);
        return true;
    }

    public async Task Release(string userId)
    {
        if (state.State.UserId == userId)
        {
            await state.ClearOrForget(this);
        }
    }

    public Task<string?> Resolve() => Task.FromResult(state.State.UserId);
}
