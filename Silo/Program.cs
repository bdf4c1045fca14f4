namespace OroOrleans.Silo; internal static class Program { private static void Main() { } }
