using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Users;

/// <summary>
/// Keeps one application's id sequence: a single number, written once per lease rather than once per account.
/// The grain type and state name are those of the directory that once kept every id in one list; such a stored
/// list is read once, turned into the next id, and dropped with the first lease.
/// </summary>
[GrainType("user-directory")]
public sealed class UserDirectoryGrain(
    [PersistentState("user-directory", StorageNames.Main)] IPersistentState<UserDirectoryState> state) : Grain, IUserDirectoryGrain
{
    public async Task<IdRange> LeaseIds(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var range = new IdRange(Next(), count);
        state.State.Next = range.End;
        state.State.Ids = [];
        await state.WriteOrForget(this);
        return range;
    }

    public async Task GiveBack(IdRange unused)
    {
        if (unused.Count > 0 && Next() == unused.End)
        {
            state.State.Next = unused.First;
            state.State.Ids = [];
            await state.WriteOrForget(this);
        }
    }

    public Task<long> NextId() => Task.FromResult(Next());

    private long Next() => state.State.Next != 0
        ? state.State.Next
        : UserIds.First(UserIds.ApplicationOf(this.GetPrimaryKeyString())) + state.State.Ids.Count;
}
