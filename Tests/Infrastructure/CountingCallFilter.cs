namespace OroOrleans.Tests.Infrastructure;

/// <summary>An incoming grain call filter that counts every call a test silo receives, by grain type and method.</summary>
public sealed class CountingCallFilter(GrainCallCounter counter) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        counter.Record(context.TargetId.Type.ToString()!, context.MethodName);
        return context.Invoke();
    }
}
