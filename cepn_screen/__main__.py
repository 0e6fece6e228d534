from cepn_screen.cli.app import main

main()
