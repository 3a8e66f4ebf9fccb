"""Programme projects residents can join (Beijum Beweegt, Kinderraad, …), with a waiting list."""
