from cepn_screen.cli import main

main()
